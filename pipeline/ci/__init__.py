"""The publishing workflows' steps (`pipeline ci …`) and the A/B roles (`pipeline roles`).

GitHub Actions only calls these commands, and the tests run the same commands on real
git repositories, so the workflows and the tests cannot drift apart.
"""
