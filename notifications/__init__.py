"""Reaching partners: the notification centre (in-app, email, Telegram, web push), each
partner's preferences, behaviour-triggered sequences and team mailings. Other apps send
their domain events; this app alone decides who is told what, through which channel and
when."""
