"""Comparing translations: sacrebleu's metrics, signatures and paired significance tests (``reader compare``)."""
