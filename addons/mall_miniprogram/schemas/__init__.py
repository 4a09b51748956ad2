# Request and response models of the mini-program API, one file per area.
