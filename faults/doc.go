// Package faults holds end-to-end fault tests of the lumbung binary: it
// builds cmd/lumbung, runs servers and workers as processes, kills them
// with SIGKILL mid-write and mid-job, and checks what the database holds
// afterwards. The PostgreSQL cases need LUMBUNG_TEST_POSTGRES (see
// store/storetest; .ci/run sets it).
package faults
