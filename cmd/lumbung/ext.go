package main

import (
	"errors"
	"io"

	"github.com/lumbung-id/lumbung/api"
	"github.com/lumbung-id/lumbung/data"
)

// mountExtensions adds the planner and VRP endpoints once they exist.
func mountExtensions(srv *api.Server, ds *data.Dataset, nw *data.Network) {}

func bench(args []string, stdout, stderr io.Writer) error {
	return errors.New("bench: not available yet")
}
