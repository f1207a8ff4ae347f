-- Indexes for the hot reads (GET /api/land-squares of an area). Additive only: no table changes.

-- Area reads walk the area row by row: `y IN (the area's rows) AND x BETWEEN ...` seeks each row's run of squares
-- and returns them already in (y, x) order, so no temporary B-tree sorts them (the UNIQUE (x, y) index can only
-- range over x and had every square of each x column read and the result sorted).
CREATE INDEX land_squares_y_x ON land_squares (y, x);
