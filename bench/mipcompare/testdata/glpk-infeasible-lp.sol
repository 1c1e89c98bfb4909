Problem:    
Rows:       6
Columns:    10 (5 integer, 5 binary)
Non-zeros:  18
Status:     INTEGER EMPTY
Objective:  covered = 0 (MAXimum)

   No.   Row name        Activity     Lower bound   Upper bound
