package api

// UnknownField exposes unknownField to the external tests.
var UnknownField = unknownField

// HasPolicy reports whether access control has a policy for a route
// ("METHOD /template").
func HasPolicy(route string) bool { _, ok := policies[route]; return ok }
