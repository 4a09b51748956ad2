# Plain logic of the loyalty features, without the ORM.
