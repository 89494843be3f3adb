package data

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// fidelityRow sets a published reference value beside the dataset's value
// with the tolerance the comparison allows (relative; 0 means exact).
type fidelityRow struct {
	what      string
	source    string
	published float64
	got       float64
	tol       float64
}

// tollSum adds class c (1..5) over the roads whose IDs start with prefix,
// or over the listed road IDs.
func tollSum(ds *Dataset, c int, ids ...string) float64 {
	var s float64
	for _, r := range ds.Roads {
		for _, id := range ids {
			if r.ID == id || (strings.HasSuffix(id, ":") && strings.HasPrefix(r.ID, id)) {
				s += r.Toll[c-1]
			}
		}
	}
	return s
}

func production(ds *Dataset, commodity string) float64 {
	var s float64
	for _, r := range ds.Regencies {
		s += r.Production[commodity].Value
	}
	return s
}

func ferry(ds *Dataset, id string) *FerryService {
	for i := range ds.Ferries {
		if ds.Ferries[i].ID == id {
			return &ds.Ferries[i]
		}
	}
	return nil
}

func departuresPerDay(f *FerryService) float64 {
	if len(f.Departures) > 0 {
		return float64(len(f.Departures))
	}
	return math.Ceil(1440 / f.HeadwayMinutes)
}

func restrictionHours(ds *Dataset, id string) float64 {
	for _, r := range ds.Restrictions {
		if r.ID == id {
			return r.To.Sub(r.From).Hours()
		}
	}
	return math.NaN()
}

func shipTrucks(f *FerryService, ship int) float64 {
	var n int
	for class, k := range f.Fleet[ship].Deck {
		if class != "IVB" {
			n += k
		}
	}
	return float64(n)
}

// fidelityTable lists every published figure the default dataset rests on.
// Lengths of roads are checked beside the road network (route lengths).
func fidelityTable(ds *Dataset) []fidelityRow {
	bakter := "jtts-bkh-tbb:"
	north := []string{bakter + "gt-kotabaru>gt-natar", bakter + "gt-natar>gt-tegineneng",
		bakter + "gt-tegineneng>gt-gunung-sugih", bakter + "gt-gunung-sugih>gt-terbanggi"}
	south := []string{bakter + "gt-lematang>gt-kotabaru", bakter + "gt-sidomulyo>gt-lematang",
		bakter + "gt-kalianda>gt-sidomulyo", bakter + "gt-bkh-utara>gt-kalianda"}
	reg, exe := ferry(ds, "bkh-mrk-regular"), ferry(ds, "bkh-mrk-executive")
	bbj, pjg := ferry(ds, "bkh-bbj"), ferry(ds, "pjg-cwd")
	rows := []fidelityRow{
		{"toll Bakauheni – Terbanggi Besar, class I", "SK PUPR 1066/KPTS/M/2025 from 2025-11-27 (radartv.disway.id)", 254000, tollSum(ds, 1, bakter), 0},
		{"toll Kotabaru – Terbanggi Besar, class I", "PT BTB via kupastuntas 2025-11-21", 112000, tollSum(ds, 1, north...), 0},
		{"toll Kotabaru – Bakauheni Utara, class I", "PT BTB via kupastuntas 2025-11-21", 126000, tollSum(ds, 1, south...), 0},
		{"toll Terbanggi Besar – Kayu Agung, class I", "Kepmen PUPR 1194/KPTS/M/2019 (antaranews)", 170500, tollSum(ds, 1, "jtts-tbb-kag:"), 0},
		{"toll Terbanggi Besar – Kayu Agung, class II", "Kepmen PUPR 1194/KPTS/M/2019 (antaranews)", 255500, tollSum(ds, 2, "jtts-tbb-kag:"), 0},
		{"toll Terbanggi Besar – Kayu Agung, class V", "Kepmen PUPR 1194/KPTS/M/2019 (antaranews)", 341000, tollSum(ds, 5, "jtts-tbb-kag:"), 0},
		{"toll Cikupa – Merak, class I", "Kepmen PU 176/KPTS/M/2025 from 2025-04-15 (bantenraya)", 58000, tollSum(ds, 1, "tol-merak:"), 0},
		{"toll Cikupa – Merak, class II", "Kepmen PU 176/KPTS/M/2025 (bantenraya)", 91000, tollSum(ds, 2, "tol-merak:"), 0},
		{"toll Cikupa – Merak, class III", "Kepmen PU 176/KPTS/M/2025 (bantenraya)", 91000, tollSum(ds, 3, "tol-merak:"), 0},
		{"toll Cikupa – Merak, class IV", "Kepmen PU 176/KPTS/M/2025 (bantenraya)", 117500, tollSum(ds, 4, "tol-merak:"), 0},
		{"toll Cikupa – Merak, class V", "Kepmen PU 176/KPTS/M/2025 (bantenraya)", 117500, tollSum(ds, 5, "tol-merak:"), 0},
		{"toll Tomang – Cikupa, class I", "Kepmen PUPR 2692/KPTS/M/2024 from 2024-10-18 (tangerangpedia)", 8500, tollSum(ds, 1, "tol-jkt-tng:"), 0},
		{"toll Tomang – Cikupa, class II", "Kepmen PUPR 2692/KPTS/M/2024 (tangerangpedia)", 12500, tollSum(ds, 2, "tol-jkt-tng:"), 0},
		{"toll Tomang – Cikupa, class V", "Kepmen PUPR 2692/KPTS/M/2024 (tangerangpedia)", 16500, tollSum(ds, 5, "tol-jkt-tng:"), 0},
		{"toll Dalam Kota (Tomang – Cawang), class I", "Kepmen PUPR 2130/KPTS/M/2024 (pantau.com)", 11000, tollSum(ds, 1, "tol-dk-tomang-cawang:"), 0},
		{"toll Dalam Kota (Tomang – Cawang), class II", "Kepmen PUPR 2130/KPTS/M/2024 (pantau.com)", 16500, tollSum(ds, 2, "tol-dk-tomang-cawang:"), 0},
		{"regular crossing time, min", "thesis \"Analisis Kapasitas Pelabuhan Bakauheni\"", 120, reg.CrossingMinutes, 0},
		{"regular crossing time at peak, min", "same thesis", 180, reg.PeakCrossingMinutes, 0},
		{"executive crossing time, min", "cendananews.com", 60, exe.CrossingMinutes, 0},
		{"BBJ landing-craft crossing, min", "liputan6 2019-05-29 (about 3 h)", 180, bbj.CrossingMinutes, 0},
		{"Panjang – Ciwandan crossing, min", "lampungpro 2022 (about 7.5 h)", 450, pjg.CrossingMinutes, 0},
		{"Bakauheni departures per day (regular + executive)", "radarlamsel.disway.id 2020 (about 140)", 140, departuresPerDay(reg) + departuresPerDay(exe), 0.05},
		{"BBJ departures per day", "liputan6 2019-05-29 (8 trips from each side)", 8, departuresPerDay(bbj), 0},
		{"Panjang – Ciwandan departures per day", "okezone 2024-04-12 (3 ships, 1 trip each)", 3, departuresPerDay(pjg), 0},
		{"KMP Legundi trucks per sailing", "Tempo 2014 (21 trailers + 2 tronton + 37 medium)", 60, shipTrucks(reg, 0), 0},
		{"BBJ landing craft trucks per sailing", "Tribunnews 2023 (about 50)", 50, shipTrucks(bbj, 0), 0},
		{"Panjang – Ciwandan season, days", "okezone 2024-04-12 (12–18 April 2024)", 7, pjg.Seasons[0].To.Sub(pjg.Seasons[0].From).Hours() / 24, 0},
		{"Lebaran 2026 truck restriction, hours", "SKB KP-DRJD 854/2026: 13 Mar 12:00 – 29 Mar 24:00 (mediaindonesia 2026-02-12)", 396, restrictionHours(ds, "lebaran-2026-trucks"), 0},
		{"Lebaran 2025 truck restriction, hours", "SKB KP-DRJD 1099/2025: 24 Mar 00:00 – 8 Apr 24:00 (daswati.id)", 384, restrictionHours(ds, "lebaran-2025-trucks"), 0},
		{"rice production 2023, t milled rice", "BPS Lampung via radarlampung (1.57–1.59 Mt beras)", 1.59e6, production(ds, "rice"), 0.01},
		{"corn production 2025, t (KSA, JPK KA 14%)", "BPS Lampung via nomics.id 2026-02-05", 1.26e6, production(ds, "corn"), 1e-6},
		{"cassava production 2022, t", "BPS Lampung regency table (FACTS.md; printed total 1 t higher by rounding)", 7372786, production(ds, "cassava"), 1e-6},
		{"chicken meat production 2024, t", "provincial figures via publikasilampung.id", 105871.33, production(ds, "chicken"), 1e-6},
		{"pineapple production 2023, t", "BPS via databoks (FACTS.md)", 722850, production(ds, "pineapple"), 1e-6},
	}
	for _, c := range FerryClasses {
		rows = append(rows,
			fidelityRow{"regular tariff " + c, "KM 61/2023 from 2023-08-03 (FACTS.md)", regularTariff[c], reg.Tariff[c], 0},
			fidelityRow{"executive tariff " + c, "executive tariff from 2024-02-01 (FACTS.md)", executiveTariff[c], exe.Tariff[c], 0},
			fidelityRow{"Panjang – Ciwandan tariff " + c, "same golongan tariffs as Merak (jambiekspres 2024)", regularTariff[c], pjg.Tariff[c], 0})
	}
	return rows
}

var regularTariff = map[string]float64{"IVB": 447800, "VB": 835300, "VIB": 1285200, "VII": 1860400, "VIII": 2452400, "IX": 3755000}
var executiveTariff = map[string]float64{"IVB": 491800, "VB": 904923, "VIB": 1366620, "VII": 1975580, "VIII": 2619845, "IX": 3998920}

// TestFidelity sets every published figure beside the dataset's and
// asserts the stated tolerance: exact for tariffs, crossing times and
// counts, 5% for the daily sailings, 1% for rice (its conversion factor is
// rounded to four digits), rounding only for production totals.
func TestFidelity(t *testing.T) {
	ds := mustDefault(t)
	var b strings.Builder
	for _, r := range fidelityTable(ds) {
		dev := math.Abs(r.got - r.published)
		ok := dev <= r.tol*math.Abs(r.published)+1e-6
		fmt.Fprintf(&b, "%-52s published %14.2f dataset %14.2f  tol %4.1f%%  %s\n", r.what, r.published, r.got, r.tol*100, r.source)
		if !ok {
			t.Errorf("%s: got %v, want %v within %g%% (%s)", r.what, r.got, r.published, r.tol*100, r.source)
		}
	}
	t.Log("\n" + b.String())
}

// The golongan follows the vehicle's length (ASDP goods classes); typical
// dimensions put a tronton in VII and a CDD in VB.
func TestFerryClassFromLength(t *testing.T) {
	for _, tc := range []struct {
		m    float64
		want string
	}{{4.7, "IVB"}, {5, "IVB"}, {5.01, "VB"}, {7, "VB"}, {8.5, "VIB"}, {10, "VIB"}, {11.5, "VII"}, {12, "VII"}, {15.5, "VIII"}, {16, "VIII"}, {16.5, "IX"}} {
		if got := FerryClassForLength(tc.m); got != tc.want {
			t.Errorf("%g m: got %s, want %s", tc.m, got, tc.want)
		}
	}
	ds := mustDefault(t)
	want := map[string]string{"pickup": "IVB", "engkel": "VB", "cdd": "VB", "fuso": "VIB", "tronton": "VII", "trailer": "VIII"}
	for _, v := range ds.Vehicles {
		if w, ok := want[v.ID]; ok && v.FerryClass != w {
			t.Errorf("%s (%g m): golongan %s, want %s", v.ID, v.LengthM, v.FerryClass, w)
		}
		if v.FerryClass != FerryClassForLength(v.LengthM) {
			t.Errorf("%s: golongan %s not derived from its %g m", v.ID, v.FerryClass, v.LengthM)
		}
	}
}
