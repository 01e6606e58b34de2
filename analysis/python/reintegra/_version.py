"""The package's version: the project's (CMakeLists.txt), checked by a test."""
__version__ = "0.1.0"
