"""What the reader screen can do, one feature a module: plain mixin classes of ``ReaderScreen``."""
