package data_test

import (
	"fmt"
	"log"

	"github.com/lumbung-id/lumbung/data"
)

func ExampleDefault() {
	ds, err := data.Default()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(ds.Name)
	fmt.Println("regencies:", len(ds.Regencies))
	fmt.Println("farms:", len(ds.Farms))
	fmt.Println("junctions:", len(ds.Junctions), "roads:", len(ds.Roads))
	fmt.Println("ports:", len(ds.Ports), "ferry services:", len(ds.Ferries))
	fmt.Println("markets:", len(ds.Markets), "vehicles:", len(ds.Vehicles))
	// Output:
	// lampung-jakarta
	// regencies: 15
	// farms: 125000
	// junctions: 133 roads: 162
	// ports: 5 ferry services: 4
	// markets: 7 vehicles: 8
}
