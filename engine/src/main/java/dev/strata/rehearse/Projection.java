package dev.strata.rehearse;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * One figure of one step (a duration in milliseconds, or bytes) carried from the scales a rehearsal measured to the
 * production row count. Pure: no I/O.
 *
 * <p>The model is the least-squares line {@code a + b·n} over row count {@code n}: the work of a backfill, a
 * {@code VALIDATE}, an index build or a rewrite grows with the rows it reads, and a line has the fewest parameters that
 * can say so (two). {@link Fitted#rSquared()} says how well the line fits the measured points; with two distinct scales
 * it is always 1, which says nothing, so the default measures three. A line that falls says the figure does not grow with
 * the rows (fixed costs and noise dominate it): it is not extended, the largest measured figure stands for production
 * ({@link Largest}).
 */
public sealed interface Projection {

    /** One measurement: the figure at {@code rows}. */
    record Point(long rows, double value) {}

    /** The line fitted through at least two distinct row counts, and its value at the production row count. */
    record Fitted(double intercept, double slope, double rSquared, long rows, double value) implements Projection {
        @Override
        public String describe() {
            return String.format(Locale.ROOT, "linear a + b·n, R² %.3f", rSquared);
        }
    }

    /**
     * Not extended along a line, for {@code reason}: the figure does not grow with the rows (a catalog-only step, a hold
     * per batch, or a line that falls, where fixed costs and noise dominate), so the largest measured figure stands for
     * production.
     */
    record Largest(String reason, double value) implements Projection {
        @Override
        public String describe() {
            return reason + ": largest measured";
        }
    }

    /**
     * The step's work grows with the rows by the plan's own account (it scans, rewrites or backfills the table), but the
     * line did not show it ({@code rSquared} below {@link #NOISE}, or a falling line): at small scales the step's fixed
     * costs and noise outweigh its work. The figure at the largest scale is scaled in proportion to the rows instead,
     * which counts those fixed costs as work too, so it leans high.
     */
    record Proportional(long fromRows, double fromValue, double rSquared, double value) implements Projection {
        @Override
        public String describe() {
            return String.format(Locale.ROOT, "proportional from %,d rows; line R² %.3f", fromRows, rSquared);
        }
    }

    /** Measured at the production row count itself ({@code --scale 1}): nothing to project, the figure is the measurement. */
    record AtFullSize(long rows, double value) implements Projection {
        @Override
        public String describe() {
            return "measured at full size";
        }
    }

    /** Fewer than two distinct row counts below production: no line can be drawn. */
    record NotProjected(String reason) implements Projection {
        @Override
        public String describe() {
            return "not projected: " + reason;
        }
    }

    /** The figure at the production row count, when there is one. */
    default OptionalDouble projected() {
        return switch (this) {
            case Fitted f -> OptionalDouble.of(f.value());
            case Largest l -> OptionalDouble.of(l.value());
            case Proportional p -> OptionalDouble.of(p.value());
            case AtFullSize a -> OptionalDouble.of(a.value());
            case NotProjected n -> OptionalDouble.empty();
        };
    }

    /** The model and how good its fit is, in words. */
    String describe();

    /** Fits {@code points} and projects to {@code productionRows}. */
    static Projection of(List<Point> points, long productionRows) {
        if (points.isEmpty()) {
            return new NotProjected("nothing measured");
        }
        double[] at = points.stream().filter(p -> p.rows() == productionRows).mapToDouble(Point::value).toArray();
        if (at.length > 0 && points.stream().allMatch(p -> p.rows() == productionRows)) {
            return new AtFullSize(productionRows, mean(at));
        }
        long distinct = points.stream().mapToLong(Point::rows).distinct().count();
        if (distinct < 2) {
            return new NotProjected("measured at " + points.getFirst().rows() + " rows only (fewer than 2 distinct scales)");
        }
        double meanX = points.stream().mapToDouble(p -> p.rows()).average().orElseThrow();
        double meanY = points.stream().mapToDouble(Point::value).average().orElseThrow();
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (Point p : points) {
            double dx = p.rows() - meanX;
            double dy = p.value() - meanY;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        double slope = sxy / sxx;
        double intercept = meanY - slope * meanX;
        double residual = 0;
        for (Point p : points) {
            double e = p.value() - (intercept + slope * p.rows());
            residual += e * e;
        }
        // Every point equal: the flat line explains them exactly.
        double rSquared = syy == 0 ? 1.0 : Math.max(0, 1 - residual / syy);
        if (slope < 0) {
            return largest(points, "no growth with rows");
        }
        return new Fitted(intercept, slope, rSquared, productionRows, intercept + slope * productionRows);
    }

    /** Below this R², a line through the points is noise rather than a trend. */
    double NOISE = 0.5;

    /**
     * As {@link #of}, for a figure that grows with the rows by the plan's own account: where the line does not show that
     * growth, the largest scale's figure in proportion to the rows ({@link Proportional}).
     */
    static Projection ofWork(List<Point> points, long productionRows) {
        Projection line = of(points, productionRows);
        double rSquared = switch (line) {
            case Fitted f -> f.rSquared();
            case Largest l -> 0;
            default -> 1;
        };
        if (rSquared >= NOISE) {
            return line;
        }
        Point largest = points.stream().max(java.util.Comparator.comparingLong(Point::rows)).orElseThrow();
        if (largest.rows() <= 0) {
            return line;
        }
        return new Proportional(largest.rows(), largest.value(), rSquared,
                largest.value() * productionRows / largest.rows());
    }

    /** The largest of {@code points}, not extended: the figure does not grow with the rows, for {@code reason}. */
    static Projection largest(List<Point> points, String reason) {
        if (points.isEmpty()) {
            return new NotProjected("nothing measured");
        }
        return new Largest(reason, points.stream().mapToDouble(Point::value).max().orElseThrow());
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
