"""Telegram: a partner links their chat from the cabinet with a one-time deep link, gets
notifications there (the "telegram" channel) and asks the bot for their summary and the
next step of their first 90 days.

The Telegram library is the `telegram` package (python-telegram-bot); this app's modules
import it absolutely and none of them is called telegram.py.
"""
