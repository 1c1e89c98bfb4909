Problem:    
Rows:       2552
Columns:    2600 (2550 integer, 2550 binary)
Non-zeros:  14900
Status:     INTEGER NON-OPTIMAL
Objective:  length = 439 (MINimum)

   No.   Row name        Activity     Lower bound   Upper bound
