package dev.strata.maven;

import java.io.Writer;
import java.util.function.Consumer;

/** Hands whole lines to a consumer (the build log speaks in lines); a last unterminated line on close. */
final class LineWriter extends Writer {

    private final Consumer<String> lines;
    private final StringBuilder pending = new StringBuilder();

    LineWriter(Consumer<String> lines) {
        this.lines = lines;
    }

    @Override
    public void write(char[] buffer, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            char c = buffer[i];
            if (c == '\n') {
                emit();
            } else if (c != '\r') {
                pending.append(c);
            }
        }
    }

    private void emit() {
        lines.accept(pending.toString());
        pending.setLength(0);
    }

    @Override
    public void flush() {
        // Only whole lines leave; a partial one waits for its end or for close().
    }

    @Override
    public void close() {
        if (!pending.isEmpty()) {
            emit();
        }
    }
}
