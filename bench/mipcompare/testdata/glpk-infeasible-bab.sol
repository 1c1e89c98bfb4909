Problem:    
Rows:       1
Columns:    3 (3 integer, 3 binary)
Non-zeros:  3
Status:     INTEGER EMPTY
Objective:  obj = 0 (MINimum)

   No.   Row name        Activity     Lower bound   Upper bound
