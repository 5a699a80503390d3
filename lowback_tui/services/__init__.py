"""The app's services, shared by the full-screen app, plain mode and the command line:
settings, the coach (targets, flare-ups, the day's plan), the session runner, cues."""
