"""The history store: TinyDB behind a repository, written atomically, with a session journal.

Import the modules themselves (store.repository, store.lock, …): this package imports nothing,
so that taking the lock at start does not load TinyDB.
"""
