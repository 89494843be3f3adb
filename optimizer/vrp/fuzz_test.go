package vrp_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/lumbung-id/lumbung/optimizer/vrp"
)

// The instance readers take files from anywhere: whatever they accept must
// be a valid problem, and nothing they read may panic them.

func FuzzReadCVRPLIB(f *testing.F) {
	addFile(f, "testdata/X-n101-k25.vrp")
	f.Add([]byte("NAME : t\nDIMENSION : 3\nCAPACITY : 10\nNODE_COORD_SECTION\n1 0 0\n2 1 1\n3 2 2\nDEMAND_SECTION\n1 0\n2 5\n3 5\nDEPOT_SECTION\n1\n-1\nEOF\n"))
	f.Add([]byte("DIMENSION : -1\n"))
	f.Add([]byte("DIMENSION : 99999999999\nCAPACITY : 1\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := vrp.ReadCVRPLIB(bytes.NewReader(b))
		if err == nil {
			if err := p.Validate(); err != nil {
				t.Fatalf("ReadCVRPLIB accepted an invalid problem: %v", err)
			}
		}
	})
}

func FuzzReadSolomon(f *testing.F) {
	addFile(f, "testdata/C101.txt")
	f.Add([]byte("C101\n\nVEHICLE\nNUMBER     CAPACITY\n  25         200\n\nCUSTOMER\nCUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\n\n    0      40         50          0          0       1236          0\n    1      45         68         10        912        967         90\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := vrp.ReadSolomon(bytes.NewReader(b))
		if err == nil {
			if err := p.Validate(); err != nil {
				t.Fatalf("ReadSolomon accepted an invalid problem: %v", err)
			}
		}
	})
}

func FuzzReadSol(f *testing.F) {
	f.Add([]byte("Route #1: 1 2 3\nRoute #2: 4\nCost 27591\n"))
	f.Add([]byte("Route #1: -1\nCost x\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _, _ = vrp.ReadSol(bytes.NewReader(b))
	})
}

func addFile(f *testing.F, name string) {
	if b, err := os.ReadFile(name); err == nil {
		f.Add(b)
	}
}
