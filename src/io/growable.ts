/** Append-only typed arrays (amortised doubling), for building flat structures without objects. */
export class GrowableF64 {
  data: Float64Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Float64Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = v;
  }
  pushArray(a: ArrayLike<number>, n = a.length): void {
    if (this.length + n > this.data.length) this.grow(this.length + n);
    for (let i = 0; i < n; i++) this.data[this.length + i] = a[i];
    this.length += n;
  }
  /** Room for `capacity` values (the contents beyond `length` are kept too); returns the storage. */
  reserve(capacity: number): Float64Array {
    if (capacity > this.data.length) this.grow(capacity, true);
    return this.data;
  }
  private grow(min: number, all = false): void {
    const next = new Float64Array(Math.max(min, this.data.length * 2));
    next.set(all ? this.data : this.data.subarray(0, this.length));
    this.data = next;
  }
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
  /** The values without a copy: a view of the storage (which stays allocated; its untouched pages cost no memory). */
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

export class GrowableI32 {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = v;
  }
  /** Room for `capacity` values; returns the storage. */
  reserve(capacity: number): Int32Array {
    if (capacity > this.data.length) this.grow(capacity);
    return this.data;
  }
  private grow(min: number): void {
    const next = new Int32Array(Math.max(min, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
  /** The values without a copy: a view of the storage (which stays allocated; its untouched pages cost no memory). */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}
