package dev.strata.plan;

/** A step for people: a deploy the application must make before the next phase may start. */
public enum GateKind {
    /** Between EXPAND and BACKFILL: the application writes both the old and the new shape. */
    DEPLOY_DUAL_WRITE(Phase.EXPAND, Phase.BACKFILL, "deploy dual-write"),
    /** Between BACKFILL and CONTRACT: the application reads the new shape and stops writing the old one. */
    DEPLOY_READ_SWITCH(Phase.BACKFILL, Phase.CONTRACT, "deploy read switch");

    private final Phase after;
    private final Phase before;
    private final String title;

    GateKind(Phase after, Phase before, String title) {
        this.after = after;
        this.before = before;
        this.title = title;
    }

    public Phase after() {
        return after;
    }

    public Phase before() {
        return before;
    }

    public String title() {
        return title;
    }
}
