// Package gpkg writes a plan's map layers as an OGC GeoPackage (1.3): a
// SQLite file with the gpkg_spatial_ref_sys, gpkg_contents and
// gpkg_geometry_columns tables and one feature table per layer — lanes
// (LineString), ports and buyers (Point) — in EPSG:4326, which QGIS and
// GDAL open as they are.
//
// Geometries are GeoPackage binary blobs (GeoPackage 1.3 §2.1.3): the "GP"
// magic, version 0, a flags byte (little-endian; an x/y envelope for
// lines, none for points), the SRS ID, the envelope, then standard WKB.
package gpkg

import (
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	_ "modernc.org/sqlite" // the pure-Go SQLite driver

	"github.com/lumbung-id/lumbung/store"
)

// ErrExists: Write refuses to overwrite a file.
var ErrExists = errors.New("gpkg: file exists")

// SRSID is the spatial reference system of every layer: WGS 84 lon/lat.
const SRSID = 4326

const (
	applicationID = 0x47504B47 // "GPKG"
	userVersion   = 10300      // GeoPackage 1.3.0
)

const wgs84WKT = `GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],` +
	`AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,` +
	`AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]`

var schema = []string{
	`PRAGMA application_id = ` + fmt.Sprint(applicationID),
	`PRAGMA user_version = ` + fmt.Sprint(userVersion),
	`CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY,
		organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)`,
	`CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
		description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
		min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
		CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))`,
	`CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL,
		geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
		CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name),
		CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
		CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))`,
	`INSERT INTO gpkg_spatial_ref_sys VALUES
		('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
		('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
		('WGS 84 geodetic', 4326, 'EPSG', 4326, '` + wgs84WKT + `', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')`,
	`CREATE TABLE lanes (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom LINESTRING, origin_cluster TEXT, crossing TEXT,
		buyer TEXT, vehicle TEXT, tonnes DOUBLE, trucks INTEGER, cost_idr DOUBLE, days INTEGER, commodities TEXT)`,
	`CREATE TABLE ports (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT, id TEXT, name TEXT, tonnes DOUBLE, trucks INTEGER)`,
	`CREATE TABLE buyers (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT, id TEXT, name TEXT, tonnes DOUBLE, trucks INTEGER)`,
}

// Write writes the layers to a new GeoPackage file at path; title names
// the plan in the layers' descriptions.
func Write(ctx context.Context, path, title string, l *store.Layers) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%w: %s", ErrExists, path)
	}
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(path)+"?_pragma=foreign_keys(1)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, q := range schema {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("gpkg: %w", err)
		}
	}
	if err := writeLanes(ctx, tx, title, l.Lanes); err != nil {
		return err
	}
	if err := writePlaces(ctx, tx, "ports", "ports crossed by "+title, l.Ports); err != nil {
		return err
	}
	if err := writePlaces(ctx, tx, "buyers", "buyers served by "+title, l.Buyers); err != nil {
		return err
	}
	return tx.Commit()
}

// Encode writes the GeoPackage to w, through a temporary file (SQLite
// writes files, not streams).
func Encode(ctx context.Context, w io.Writer, title string, l *store.Layers) error {
	dir, err := os.MkdirTemp("", "lumbung-gpkg-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "plan.gpkg")
	if err := Write(ctx, path, title, l); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}

func writeLanes(ctx context.Context, tx *sql.Tx, title string, lanes []store.Lane) error {
	st, err := tx.PrepareContext(ctx, `INSERT INTO lanes (geom, origin_cluster, crossing, buyer, vehicle, tonnes, trucks,
		cost_idr, days, commodities) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	var box orb.Bound
	for i := range lanes {
		ln := &lanes[i]
		g, err := Geometry(ln.Route)
		if err != nil {
			return err
		}
		com, err := json.Marshal(ln.Commodities)
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(ctx, g, ln.OriginCluster, ln.Crossing, ln.Buyer, ln.Vehicle, ln.Tonnes, ln.Trucks,
			ln.CostIDR, ln.Days, string(com)); err != nil {
			return err
		}
		box = extend(box, i == 0, ln.Route.Bound())
	}
	return register(ctx, tx, "lanes", "LINESTRING", "lanes of "+title, box, len(lanes) > 0)
}

func writePlaces(ctx context.Context, tx *sql.Tx, table, desc string, places []store.Place) error {
	st, err := tx.PrepareContext(ctx, `INSERT INTO `+table+` (geom, id, name, tonnes, trucks) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	var box orb.Bound
	for i, p := range places {
		g, err := Geometry(p.Point)
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(ctx, g, p.ID, p.Name, p.Tonnes, p.Trucks); err != nil {
			return err
		}
		box = extend(box, i == 0, p.Point.Bound())
	}
	return register(ctx, tx, table, "POINT", desc, box, len(places) > 0)
}

func extend(b orb.Bound, first bool, o orb.Bound) orb.Bound {
	if first {
		return o
	}
	return b.Union(o)
}

// register adds a feature table to gpkg_contents (with its extent when it
// has features) and gpkg_geometry_columns.
func register(ctx context.Context, tx *sql.Tx, table, geomType, desc string, box orb.Bound, hasExtent bool) error {
	ext := []any{nil, nil, nil, nil}
	if hasExtent {
		ext = []any{box.Min[0], box.Min[1], box.Max[0], box.Max[1]}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_contents (table_name, data_type, identifier, description,
		min_x, min_y, max_x, max_y, srs_id) VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?)`,
		append(append([]any{table, table, desc}, ext...), SRSID)...); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)`, table, geomType, SRSID)
	return err
}

// Geometry encodes g as a GeoPackage geometry blob in EPSG:4326: points
// without an envelope, other geometries with their x/y envelope.
func Geometry(g orb.Geometry) ([]byte, error) {
	body, err := wkb.Marshal(g, binary.LittleEndian)
	if err != nil {
		return nil, err
	}
	_, isPoint := g.(orb.Point)
	head := make([]byte, 8, 8+32+len(body))
	head[0], head[1], head[2] = 'G', 'P', 0
	flags := byte(1) // little-endian header values
	if !isPoint {
		flags |= 1 << 1 // envelope: min x, max x, min y, max y
	}
	head[3] = flags
	binary.LittleEndian.PutUint32(head[4:], uint32(SRSID))
	if !isPoint {
		b := g.Bound()
		for _, v := range []float64{b.Min[0], b.Max[0], b.Min[1], b.Max[1]} {
			head = binary.LittleEndian.AppendUint64(head, math.Float64bits(v))
		}
	}
	return append(head, body...), nil
}
