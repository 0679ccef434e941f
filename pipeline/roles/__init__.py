"""A/B roles (AB角) of every area: site_config/roles.yml, its checks and .github/CODEOWNERS."""
