// Package web is the planners' map page served at "/": static HTML, CSS
// and ES modules, with MapLibre GL JS (BSD-3-Clause, see
// static/vendor/maplibre-gl/LICENSE.txt) vendored beside them, all embedded
// so the server needs no Node or network at run time.
//
// The page's own code (static/*.js) is plain ES modules with no build
// step; the vendored library is refreshed by vendor.sh.
package web

import (
	"embed"
	"io/fs"
)

//go:embed static
var static embed.FS

// FS returns the page's files, index.html at its root.
func FS() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the directory is embedded above: unreachable
	}
	return sub
}
