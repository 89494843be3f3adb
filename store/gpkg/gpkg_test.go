package gpkg_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"github.com/lumbung-id/lumbung/store"
	"github.com/lumbung-id/lumbung/store/gpkg"
)

var layers = &store.Layers{
	Lanes: []store.Lane{
		{OriginCluster: "86658a6afffffff", Crossing: "bkh-mrk", Buyer: "kramat-jati", Vehicle: "tronton", Tonnes: 30,
			Trucks: 2, CostIDR: 1.5e7, Days: 2, Commodities: map[string]float64{"rice": 30},
			Route: orb.LineString{{105.26, -5.43}, {105.75333, -5.86944}, {105.995278, -5.930833}, {106.868, -6.272}}},
		{OriginCluster: "86658a6b7ffffff", Crossing: "pjg-cwd", Buyer: "cibitung", Vehicle: "engkel", Tonnes: 4,
			Trucks: 1, CostIDR: 4e6, Days: 1, Commodities: map[string]float64{"corn": 4},
			Route: orb.LineString{{105.1, -5.2}, {105.3, -5.47}, {106.0, -6.01}, {107.1, -6.3}}},
	},
	Ports:  []store.Place{{ID: "bakauheni", Name: "Bakauheni", Tonnes: 30, Trucks: 2, Point: orb.Point{105.75333, -5.86944}}},
	Buyers: []store.Place{{ID: "kramat-jati", Name: "Pasar Induk Kramat Jati", Tonnes: 30, Trucks: 2, Point: orb.Point{106.868, -6.272}}},
}

func TestGeometryHeader(t *testing.T) {
	line := layers.Lanes[0].Route
	b, err := gpkg.Geometry(line)
	if err != nil {
		t.Fatal(err)
	}
	if string(b[:2]) != "GP" || b[2] != 0 || b[3] != 0x03 || binary.LittleEndian.Uint32(b[4:]) != 4326 {
		t.Fatalf("header: got % x", b[:8])
	}
	env := make([]float64, 4)
	for i := range env {
		env[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8+8*i:]))
	}
	if want := []float64{105.26, 106.868, -6.272, -5.43}; !equal(env, want) {
		t.Errorf("envelope: got %v, want %v", env, want)
	}
	g, err := wkb.Unmarshal(b[40:])
	if err != nil {
		t.Fatal(err)
	}
	if !orb.Equal(g, line) {
		t.Errorf("WKB body: got %v, want %v", g, line)
	}
	p, _ := gpkg.Geometry(orb.Point{106.868, -6.272})
	if p[3] != 0x01 || len(p) != 8+21 {
		t.Errorf("point: flags %#x, %d bytes, want 0x01 and no envelope", p[3], len(p))
	}
}

func equal(a, b []float64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

func TestWrite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "plan.gpkg")
	if err := gpkg.Write(ctx, path, "plan-1", layers); err != nil {
		t.Fatal(err)
	}
	if err := gpkg.Write(ctx, path, "plan-1", layers); !errors.Is(err, gpkg.ErrExists) {
		t.Errorf("overwrite: got %v, want ErrExists", err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var appID, version int
	db.QueryRow("PRAGMA application_id").Scan(&appID)
	db.QueryRow("PRAGMA user_version").Scan(&version)
	if appID != 0x47504B47 || version != 10300 {
		t.Errorf("application_id %#x, user_version %d: want GPKG, 10300", appID, version)
	}
	rows, err := db.Query(`SELECT c.table_name, g.geometry_type_name, c.srs_id, c.min_x, c.max_y FROM gpkg_contents c
		JOIN gpkg_geometry_columns g USING (table_name) ORDER BY c.table_name`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var name, typ string
		var srs int
		var minX, maxY float64
		if err := rows.Scan(&name, &typ, &srs, &minX, &maxY); err != nil {
			t.Fatal(err)
		}
		got = append(got, name+" "+typ)
		if srs != 4326 {
			t.Errorf("%s: srs %d, want 4326", name, srs)
		}
		if name == "lanes" && (minX != 105.1 || maxY != -5.2) {
			t.Errorf("lanes extent: min_x %v max_y %v, want 105.1, -5.2", minX, maxY)
		}
	}
	if want := "buyers POINT,lanes LINESTRING,ports POINT"; strings.Join(got, ",") != want {
		t.Errorf("layers: got %v, want %s", got, want)
	}
	var ok string
	db.QueryRow("PRAGMA integrity_check").Scan(&ok)
	if ok != "ok" {
		t.Errorf("integrity check: %s", ok)
	}
	var fk int
	frows, _ := db.Query("PRAGMA foreign_key_check")
	for frows.Next() {
		fk++
	}
	if fk != 0 {
		t.Errorf("foreign key check: %d violations", fk)
	}
	var buf bytes.Buffer
	if err := gpkg.Encode(ctx, &buf, "plan-1", layers); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("SQLite format 3\x00")) {
		t.Errorf("Encode: not a SQLite file")
	}
}

// TestOGR opens the file with GDAL's ogrinfo, as QGIS would (Debian's
// gdal-bin; .ci/run installs it).
func TestOGR(t *testing.T) {
	ogr, err := exec.LookPath("ogrinfo")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("ogrinfo not found: CI must install gdal-bin (see .ci/run)")
		}
		t.Skip("ogrinfo not found (Debian: apt-get install gdal-bin)")
	}
	path := filepath.Join(t.TempDir(), "plan.gpkg")
	if err := gpkg.Write(context.Background(), path, "plan-1", layers); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(ogr, "-ro", "-al", "-so", path).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, out)
	}
	s := string(out)
	for _, want := range []string{"Layer name: lanes", "Geometry: Line String", "Layer name: ports", "Layer name: buyers",
		"Geometry: Point", "Feature Count: 2", "Feature Count: 1", `ID["EPSG",4326]`, "origin_cluster: String", "tonnes: Real"} {
		if !strings.Contains(s, want) {
			t.Errorf("ogrinfo output lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "ERROR") || strings.Contains(s, "Warning") {
		t.Errorf("ogrinfo complains:\n%s", s)
	}
	// every feature's geometry decodes
	out, err = exec.Command(ogr, "-ro", "-q", path, "lanes", "-where", "fid=2").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "LINESTRING (105.1 -5.2,105.3 -5.47,106.0 -6.01,107.1 -6.3)") {
		t.Errorf("ogrinfo lane 2: %v\n%s", err, out)
	}
}
