"""The CTranslate2 engine: conversion, process-wide runtime state, the translator.

Imports nothing: ``python -m reader.engines.ctranslate2.conversion`` (the
conversion's child process) must not find its module imported already.
"""
