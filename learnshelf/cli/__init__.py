"""The ``learnshelf`` command line: arguments in, core calls, exit codes out."""
