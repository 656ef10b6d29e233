"""What a screen, a printed report and a workbook share: HTML tables, badges and bars,
charts as SVG, and Danish numbers in them. Below both the widgets and the exports, and
free of ipywidgets, so a report never imports a widget."""
