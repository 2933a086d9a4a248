"""The codebook: a hierarchy of code group > subgroup > code, and its YAML/CSV formats."""
