package api

// UnknownField exposes unknownField to the external tests.
var UnknownField = unknownField
