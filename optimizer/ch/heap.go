package ch

// minHeap is an index-based binary min-heap over int32 items with
// update-in-place (decrease or increase); slot[v] is v's index plus one,
// zero when v is absent. Sized once; pushes never grow it.
type minHeap struct {
	item []int32
	key  []float64
	slot []int32
}

func newMinHeap(n int) minHeap {
	return minHeap{item: make([]int32, 0, n), key: make([]float64, 0, n), slot: make([]int32, n)}
}

func (h *minHeap) len() int { return len(h.item) }

func (h *minHeap) clear() {
	for _, v := range h.item {
		h.slot[v] = 0
	}
	h.item, h.key = h.item[:0], h.key[:0]
}

func (h *minHeap) contains(v int32) bool { return h.slot[v] != 0 }

func (h *minHeap) minKey() float64 { return h.key[0] }

// set inserts v with key k or moves it to key k.
func (h *minHeap) set(v int32, k float64) {
	i := int(h.slot[v]) - 1
	if i < 0 {
		h.item = append(h.item, v)
		h.key = append(h.key, k)
		i = len(h.item) - 1
		h.slot[v] = int32(i + 1)
		h.up(i)
		return
	}
	old := h.key[i]
	h.key[i] = k
	if k < old {
		h.up(i)
	} else {
		h.down(i)
	}
}

func (h *minHeap) pop() (int32, float64) {
	v, k := h.item[0], h.key[0]
	last := len(h.item) - 1
	h.move(last, 0)
	h.item, h.key = h.item[:last], h.key[:last]
	h.slot[v] = 0
	if last > 0 {
		h.down(0)
	}
	return v, k
}

// move copies slot j's entry into slot i.
func (h *minHeap) move(j, i int) {
	h.item[i], h.key[i] = h.item[j], h.key[j]
	h.slot[h.item[i]] = int32(i + 1)
}

func (h *minHeap) up(i int) {
	v, k := h.item[i], h.key[i]
	for i > 0 {
		p := (i - 1) / 2
		if h.key[p] <= k {
			break
		}
		h.move(p, i)
		i = p
	}
	h.item[i], h.key[i] = v, k
	h.slot[v] = int32(i + 1)
}

func (h *minHeap) down(i int) {
	v, k := h.item[i], h.key[i]
	n := len(h.item)
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if r := c + 1; r < n && h.key[r] < h.key[c] {
			c = r
		}
		if k <= h.key[c] {
			break
		}
		h.move(c, i)
		i = c
	}
	h.item[i], h.key[i] = v, k
	h.slot[v] = int32(i + 1)
}
