package org.xining.hazard.geo;

import org.locationtech.jts.geom.Envelope;

/**
 * Small square cells over a city's districts (see {@link DistrictBoundaries}): per cell, the district
 * whose polygon wholly holds it, if one alone does, and how far the cell lies from that district's
 * edge. A cell is classified the first time a point falls in it, and cells are stored in tiles that
 * exist only where points fell, so that cells can be a hundred metres wide over a whole prefecture.
 *
 * <p>A cell is one int (its district and its depth in whole metres, rounded down), written by
 * whichever thread places a point in it first; a racing thread computes the same value, and one that
 * sees a tile or cell not yet written classifies it again.
 */
final class DistrictCells {

    /** What a cell is found to be when classified. */
    record Cell(int district, double depthKm) {
        static final Cell STRADDLES = new Cell(-1, 0);
    }

    /** Classifies the cell with these bounds (in the boundaries' plane, km). */
    interface Classifier {
        Cell classify(Envelope bounds);
    }

    /** A point's answer from the grid: outside it, or in a cell an edge crosses. */
    static final int NONE = -1;

    private static final int TILE = 32; // cells per tile side
    private static final int UNKNOWN = 0;
    private static final int DISTRICT_BITS = 8;
    private static final int MAX_DEPTH_M = (1 << (31 - DISTRICT_BITS)) - 1;

    private final Envelope extent;
    private final double cellKm;
    private final int tileColumns;
    private final int tileRows;
    private final Classifier classifier;
    private final int[][] tiles; // per cell: UNKNOWN, NONE, or depth in metres << DISTRICT_BITS | 1 + district

    DistrictCells(Envelope extent, double cellKm, Classifier classifier) {
        this.extent = new Envelope(extent);
        this.cellKm = cellKm;
        this.classifier = classifier;
        this.tileColumns = (int) Math.ceil(extent.getWidth() / cellKm / TILE) + 1;
        this.tileRows = (int) Math.ceil(extent.getHeight() / cellKm / TILE) + 1;
        this.tiles = new int[tileColumns * tileRows][];
    }

    double cellKm() {
        return cellKm;
    }

    /**
     * The district (its index) whose polygon wholly holds the cell of a point, and the cell's depth:
     * {@link #district} and {@link #depthKm} unpack it. {@link #NONE} outside the grid or where an
     * edge crosses the cell (or two polygons overlap in it).
     */
    int at(double x, double y) {
        double cx = (x - extent.getMinX()) / cellKm;
        double cy = (y - extent.getMinY()) / cellKm;
        if (!(cx >= 0 && cy >= 0 && cx < tileColumns * TILE && cy < tileRows * TILE)) { // also false for NaN
            return NONE;
        }
        int column = (int) cx;
        int row = (int) cy;
        int t = (row / TILE) * tileColumns + column / TILE;
        int cell = (row % TILE) * TILE + column % TILE;
        int[] tile = tiles[t];
        if (tile == null) {
            tile = new int[TILE * TILE];
            tiles[t] = tile;
        }
        int v = tile[cell];
        if (v == UNKNOWN) {
            double minX = extent.getMinX() + column * cellKm;
            double minY = extent.getMinY() + row * cellKm;
            Cell c = classifier.classify(new Envelope(minX, minX + cellKm, minY, minY + cellKm));
            v = c.district() < 0 || c.district() + 1 >= 1 << DISTRICT_BITS ? NONE
                    : (int) Math.min(MAX_DEPTH_M, Math.floor(c.depthKm() * 1000)) << DISTRICT_BITS | (c.district() + 1);
            tile[cell] = v;
        }
        return v;
    }

    static int district(int at) {
        return (at & ((1 << DISTRICT_BITS) - 1)) - 1;
    }

    /** The cell's depth, rounded down to the metre: no point of the cell is nearer the edge. */
    static double depthKm(int at) {
        return (at >>> DISTRICT_BITS) / 1000.0;
    }

    /** How many cells classified so far lie wholly inside one district. */
    int cellsWhollyInside() {
        int n = 0;
        for (int[] tile : tiles) {
            if (tile != null) {
                for (int k : tile) {
                    n += k != UNKNOWN && k != NONE ? 1 : 0;
                }
            }
        }
        return n;
    }
}
