"""The use cases of softpower, and its public Python API.

Each service takes a `Workspace`, opens the store, runs the engines and
returns plain result objects. The CLI, the web app and notebooks all call
these, so they always give the same answers.
"""
