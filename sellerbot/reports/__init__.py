"""Reports for admins and editors: statistics, the funnel chart, CSV exports."""
