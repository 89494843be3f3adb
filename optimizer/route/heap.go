package route

// heap is an index-based binary min-heap over node ids with decrease-key;
// pos[v] is v's slot plus one (0 = absent), reset lazily by the searcher's
// stamps through reset().
type heap struct {
	items []int32
	prio  []float64
	pos   []int32
}

// init sizes the heap for n nodes once, so that no query ever grows it.
func (h *heap) init(n int) {
	h.items = make([]int32, 0, n)
	h.prio = make([]float64, 0, n)
	h.pos = make([]int32, n)
}

func (h *heap) len() int { return len(h.items) }

// reset empties the heap; only nodes still inside need their pos cleared.
func (h *heap) reset() {
	for _, v := range h.items {
		h.pos[v] = 0
	}
	h.items = h.items[:0]
	h.prio = h.prio[:0]
}

func (h *heap) push(v int32, p float64) {
	h.items = append(h.items, v)
	h.prio = append(h.prio, p)
	i := len(h.items) - 1
	h.pos[v] = int32(i + 1)
	h.up(i)
}

func (h *heap) pushOrDecrease(v int32, p float64) {
	i := h.pos[v] - 1
	if i < 0 {
		h.push(v, p)
		return
	}
	if p < h.prio[i] {
		h.prio[i] = p
		h.up(int(i))
	}
}

func (h *heap) pop() int32 {
	top := h.items[0]
	last := len(h.items) - 1
	h.swap(0, last)
	h.items = h.items[:last]
	h.prio = h.prio[:last]
	h.pos[top] = 0
	if last > 0 {
		h.down(0)
	}
	return top
}

func (h *heap) swap(i, j int) {
	h.items[i], h.items[j] = h.items[j], h.items[i]
	h.prio[i], h.prio[j] = h.prio[j], h.prio[i]
	h.pos[h.items[i]] = int32(i + 1)
	h.pos[h.items[j]] = int32(j + 1)
}

func (h *heap) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if h.prio[p] <= h.prio[i] {
			break
		}
		h.swap(i, p)
		i = p
	}
}

func (h *heap) down(i int) {
	n := len(h.items)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && h.prio[r] < h.prio[l] {
			m = r
		}
		if h.prio[i] <= h.prio[m] {
			return
		}
		h.swap(i, m)
		i = m
	}
}
