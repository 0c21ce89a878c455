import first
FROM_FIRST_AT_IMPORT = first.EARLY
VALUE = "second"
