"""newsqa's retrieval library: text -> articles -> passages -> tokens -> index -> hits.

A plain synchronous library; the CLI and the Telegram bot both go through `NewsQA`.
"""

__version__ = "0.1.0"
