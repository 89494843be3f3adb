//go:build !cgo

package hexgrid

// The H3 library is C and reached through cgo. Without cgo this file is
// compiled instead of the binding, and the build stops on the undefined name
// below, which says what to do (a bare cgo-less build would only report that
// build constraints exclude the h3-go files).
var _ = Lumbung_needs_cgo_set_CGO_ENABLED_1_and_install_a_C_compiler_such_as_gcc
