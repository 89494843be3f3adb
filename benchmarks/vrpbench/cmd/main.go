// Command vrpbench runs the vrp benchmark outside the lumbung binary; it
// takes the flags of "lumbung bench vrp".
package main

import (
	"fmt"
	"os"

	"github.com/lumbung-id/lumbung/benchmarks/vrpbench"
)

func main() {
	if err := vrpbench.Main(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
