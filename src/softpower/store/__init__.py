"""Persistence: the only package that speaks SQL.

`database` opens engines and runs migrations; `repository` maps domain
objects to rows and back; `schema` declares the tables.
"""
