"""Imports of companies (with products, certifications and a contact) from CSV and XLSX:
a preview with row-level errors and field-level changes, then all rows or none."""
