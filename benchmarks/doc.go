// Package benchmarks holds Lumbung's end-to-end benchmarks: dataset load,
// snapping, routing and matrices on the embedded network, and the full
// shipment plan of the default dataset and of a 10× scaled variant. Run
//
//	go test -run '^$' -bench . -benchmem ./benchmarks/
//
// and compare runs with benchstat. Hot-path micro-benchmarks live beside
// their code (optimizer/route, optimizer/network, optimizer/mcf, …); the
// vehicle-routing runner for CVRPLIB and Solomon is benchmarks/vrpbench.
package benchmarks
