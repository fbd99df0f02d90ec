"""Mutation testing: the planted analytics bugs, mutmut's score per module."""
