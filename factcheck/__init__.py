"""factcheck: claim fact-checking and trust scoring for newsrooms."""

import logging

import jieba

jieba.setLogLevel(logging.WARNING)  # jieba announces loading its dictionary on stderr
