"""The brand stage: the company's name, logo, colours, contact block and filing numbers
(site_config/brand.yml), and the checks that the site can be published with them."""
