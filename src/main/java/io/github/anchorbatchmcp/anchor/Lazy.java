package io.github.anchorbatchmcp.anchor;

import java.util.function.Supplier;

/** A value made on first use, once, by whichever thread gets there first; the others wait for it. */
final class Lazy<T> implements Supplier<T> {

    private final Supplier<T> make;
    private volatile T value;

    Lazy(Supplier<T> make) {
        this.make = make;
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                if (value == null) {
                    value = make.get();
                }
                v = value;
            }
        }
        return v;
    }
}
