"""CSV and XLSX exports of the list pages: the rows a list shows, with its filters."""
