"""factcheck: claim fact-checking and trust scoring for newsrooms."""

import logging

logging.getLogger("jieba").setLevel(logging.WARNING)  # jieba announces its dictionary on stderr
