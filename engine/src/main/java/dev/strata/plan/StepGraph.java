package dev.strata.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Orders the work of one phase by what each piece creates, drops and needs ({@link Dependencies.Effects}), and by
 * nothing else when nothing depends: among the pieces free to go, the one earliest in the given order goes first, so
 * an order that already respects every dependency comes out unchanged and the result never depends on hash order.
 *
 * <p>Two rules make an edge from {@code a} to {@code b} ("a before b"):
 * <ol>
 * <li>{@code a} creates what {@code b} needs;</li>
 * <li>{@code a} drops an object that reads what {@code b} drops (a dependant goes before what it depends on, as
 *     PostgreSQL refuses the other order).</li>
 * </ol>
 * A drop and a create of the same object say nothing alone (a helper is created, then dropped; a name is freed, then
 * claimed again): the caller adds such edges where it knows the order ({@link #components(List, BiPredicate)}).
 * Pieces that must each go before the other form a cycle; {@link #components} returns them together, in given order,
 * for the caller to fuse into one transaction or refuse.
 */
public final class StepGraph {

    private StepGraph() {}

    /** Whether {@code a} must run before {@code b}. */
    static boolean before(Dependencies.Effects a, Dependencies.Effects b) {
        return intersects(a.creates(), b.needs()) || intersects(a.droppedReads(), b.drops());
    }

    private static boolean intersects(Set<ObjectRef> x, Set<ObjectRef> y) {
        if (x.isEmpty() || y.isEmpty()) {
            return false;
        }
        for (ObjectRef r : x) {
            if (y.contains(r)) {
                return true;
            }
        }
        return false;
    }

    /** A topological order of {@code effects} (indexes into it); throws when they form a cycle. */
    public static List<Integer> order(List<Dependencies.Effects> effects) {
        List<List<Integer>> components = components(effects);
        List<Integer> order = new ArrayList<>();
        for (List<Integer> component : components) {
            if (component.size() > 1) {
                throw new IllegalStateException("steps " + component + " depend on each other in a cycle");
            }
            order.add(component.getFirst());
        }
        return order;
    }

    /**
     * The strongly connected components of the graph, in a topological order of the condensation; ties (and members
     * of one component) in given order.
     */
    public static List<List<Integer>> components(List<Dependencies.Effects> effects) {
        return components(effects, (a, b) -> false);
    }

    /** As {@link #components(List)}, with {@code also} adding edges (by index) the effects alone do not imply. */
    public static List<List<Integer>> components(List<Dependencies.Effects> effects, BiPredicate<Integer, Integer> also) {
        int n = effects.size();
        boolean[][] edge = new boolean[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                edge[a][b] = a != b && (before(effects.get(a), effects.get(b)) || also.test(a, b));
            }
        }
        int[] component = tarjan(edge);
        int count = Arrays.stream(component).max().orElse(-1) + 1;
        List<List<Integer>> members = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            members.get(component[i]).add(i);
        }
        int[] indegree = new int[count];
        boolean[][] cedge = new boolean[count][count];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                int ca = component[a];
                int cb = component[b];
                if (edge[a][b] && ca != cb && !cedge[ca][cb]) {
                    cedge[ca][cb] = true;
                    indegree[cb]++;
                }
            }
        }
        // Kahn's algorithm, always taking the free component whose first member comes first.
        PriorityQueue<Integer> free = new PriorityQueue<>((x, y) -> Integer.compare(members.get(x).getFirst(),
                members.get(y).getFirst()));
        for (int c = 0; c < count; c++) {
            if (indegree[c] == 0) {
                free.add(c);
            }
        }
        List<List<Integer>> sorted = new ArrayList<>();
        while (!free.isEmpty()) {
            int c = free.poll();
            sorted.add(List.copyOf(members.get(c)));
            for (int d = 0; d < count; d++) {
                if (cedge[c][d] && --indegree[d] == 0) {
                    free.add(d);
                }
            }
        }
        return sorted;
    }

    /** Tarjan's strongly connected components; returns each node's component number. */
    private static int[] tarjan(boolean[][] edge) {
        int n = edge.length;
        int[] index = new int[n];
        int[] low = new int[n];
        int[] component = new int[n];
        boolean[] onStack = new boolean[n];
        Arrays.fill(index, -1);
        int[] counter = {0, 0};
        java.util.ArrayDeque<Integer> stack = new java.util.ArrayDeque<>();
        for (int v = 0; v < n; v++) {
            if (index[v] == -1) {
                strongConnect(v, edge, index, low, component, onStack, stack, counter);
            }
        }
        return component;
    }

    private static void strongConnect(int v, boolean[][] edge, int[] index, int[] low, int[] component,
            boolean[] onStack, java.util.ArrayDeque<Integer> stack, int[] counter) {
        index[v] = counter[0];
        low[v] = counter[0]++;
        stack.push(v);
        onStack[v] = true;
        for (int w = 0; w < edge.length; w++) {
            if (!edge[v][w]) {
                continue;
            }
            if (index[w] == -1) {
                strongConnect(w, edge, index, low, component, onStack, stack, counter);
                low[v] = Math.min(low[v], low[w]);
            } else if (onStack[w]) {
                low[v] = Math.min(low[v], index[w]);
            }
        }
        if (low[v] == index[v]) {
            int w;
            do {
                w = stack.pop();
                onStack[w] = false;
                component[w] = counter[1];
            } while (w != v);
            counter[1]++;
        }
    }
}
