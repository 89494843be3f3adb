package corridor_test

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/lumbung-id/lumbung/corridor"
)

// The data package must stay a leaf: loading a dataset links neither the
// router nor the planner.
func TestDataIsALeaf(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "github.com/lumbung-id/lumbung/data").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, "github.com/lumbung-id/lumbung/") &&
			!strings.HasPrefix(p, "github.com/lumbung-id/lumbung/data") &&
			!strings.HasPrefix(p, "github.com/lumbung-id/lumbung/geo") {
			t.Errorf("data depends on %s", p)
		}
	}
}

func ExampleDefault() {
	c, err := corridor.Default()
	if err != nil {
		panic(err)
	}
	m, err := c.Planner()
	if err != nil {
		panic(err)
	}
	fmt.Println(c.Network.Graph.NumNodes() > 1000, m != nil)
	// Output: true true
}
