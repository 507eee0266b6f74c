@_exported import Spreadsheet
