"""Invites: tokens and links, QR images, printable QR sheets, people as CSV.

Qt-free: the window and the command line share everything here.
"""
