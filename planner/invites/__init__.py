"""Invite tokens and links, QR codes, QR sheets."""
